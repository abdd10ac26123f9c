print("before import")
import mod_greet
print("after import")
print(mod_greet.greet("world"), mod_greet.GREETING)
print(mod_greet.__name__, type(mod_greet).__name__)
print(mod_greet.Greeter("x"), type(mod_greet.Greeter("y")).__name__)
import mod_greet
import mod_greet as mg
print(mg is mod_greet, mg.greet("alias"))
print(mod_greet.bump(), mg.bump(), mod_greet.counter)
mod_greet.GREETING = "hi"
print(mg.greet("patched"))
print(sorted([n for n in dir(mod_greet) if not n.startswith("__")]))
