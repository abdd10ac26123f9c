# helper
print("mod_from_path executed")
WHERE = "found through COILPATH"
