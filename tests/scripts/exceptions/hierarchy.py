classes = [
    BaseException, Exception, ArithmeticError, ZeroDivisionError, OverflowError,
    LookupError, IndexError, KeyError, ValueError, TypeError, NameError,
    UnboundLocalError, AttributeError, RuntimeError, RecursionError,
    NotImplementedError, StopIteration, AssertionError, ImportError,
    ModuleNotFoundError, SystemExit, KeyboardInterrupt, UnicodeError, OSError,
    EOFError, MemoryError,
]
for cls in classes:
    print(cls.__name__, "->", cls.__bases__[0].__name__)
print(issubclass(KeyboardInterrupt, Exception), issubclass(SystemExit, Exception))
print(issubclass(ModuleNotFoundError, ImportError), issubclass(UnboundLocalError, NameError))
print(issubclass(bool, int), issubclass(RecursionError, RuntimeError))
