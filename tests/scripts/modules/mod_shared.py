# helper
print("mod_shared executed once")
items = []
