# helper
print("mod_raises starts")
raise ValueError("error while importing mod_raises")
