"""Page objects for the classic edition: the January 2014 console of the tutorial's published images."""
