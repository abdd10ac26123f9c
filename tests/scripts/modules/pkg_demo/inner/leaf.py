# helper
NAME = "leaf"
