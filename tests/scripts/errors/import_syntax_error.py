print("importing a module with a syntax error")
import mod_bad_syntax
