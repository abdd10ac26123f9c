try:
    import no_such_module_here
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
try:
    import no_such_module_here
except ImportError as e:
    print("ImportError catches it too:", type(e).__name__)
try:
    from no_such_module_either import thing
except ImportError as e:
    print(type(e).__name__, str(e))
print(issubclass(ModuleNotFoundError, ImportError))
