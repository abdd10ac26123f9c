print("empty message prints only the class name")
raise ValueError("")
