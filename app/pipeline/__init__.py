"""Where the loaders and the stores meet: builds, the user's sources, opening a store, analytics and exports."""
