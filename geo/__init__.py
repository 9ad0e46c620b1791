"""Domain code for the briefing map: essay, gazetteer, regions, control layers, measurements.

Nothing here imports Streamlit, so every function can be tested and scripted on its own.
"""
