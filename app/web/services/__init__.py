"""What the explorer app shows, as plain data: no Streamlit, no UI (one module per concern).

Every ``load_*`` function takes an open :class:`~graph.store.base.GraphStore`
(injected, read-only) and returns dataclasses, dicts and lists; the ``select_*``
and ``search_*`` functions are pure functions of what was loaded.  Pages read
widgets, call these (as ``services.name``), and render.
"""
from app.web.services.clusters import *  # noqa: F401,F403
from app.web.services.console import *  # noqa: F401,F403
from app.web.services.grow import *  # noqa: F401,F403
from app.web.services.library import *  # noqa: F401,F403
from app.web.services.overview import *  # noqa: F401,F403
from app.web.services.paper import *  # noqa: F401,F403
from app.web.services.papers import *  # noqa: F401,F403
from app.web.services.phenomena import *  # noqa: F401,F403
from app.web.services.selection import *  # noqa: F401,F403
from app.web.services.timeline import *  # noqa: F401,F403
