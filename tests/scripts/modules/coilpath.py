import mod_from_path
print(mod_from_path.WHERE)
import mod_greet
print(mod_greet.greet("both"))
