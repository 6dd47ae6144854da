"""megaregion: industrial and innovation coordination among the cities of a megaregion."""
__version__ = "0.1.0"
