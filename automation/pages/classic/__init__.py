"""Page objects for the classic (2015-17) console the tutorial's images show."""
