"""The Streamlit entry file that AppTest runs."""
from pathlib import Path

APP = str(Path(__file__).resolve().parents[2] / "app" / "web" / "streamlit_app.py")
