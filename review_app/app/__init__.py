"""The Streamlit review app: the only package of review_app that imports streamlit."""
