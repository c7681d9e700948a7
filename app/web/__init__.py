"""The Streamlit explorer: pages (``views/``) over a service layer (``services/``) that never imports streamlit."""
