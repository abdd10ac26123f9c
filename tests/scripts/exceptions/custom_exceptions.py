class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, name):
        super().__init__(f"{name} not found")
        self.name = name
class WithStr(Exception):
    def __str__(self):
        return "custom str"
try:
    raise NotFound("thing")
except AppError as e:
    print(type(e).__name__, e, e.args, e.name, repr(e))
try:
    raise WithStr(1, 2)
except WithStr as e:
    print(e, repr(e), e.args)
print(issubclass(NotFound, Exception), issubclass(NotFound, BaseException), issubclass(AppError, NotFound))
print([c.__name__ for c in NotFound.__mro__])
class MyKeyError(KeyError):
    pass
try:
    raise MyKeyError("k")
except LookupError as e:
    print("caught", repr(e), str(e))
e = AppError("a", "b")
print(e.args, str(e), repr(e))
print(repr(AppError()), str(AppError()), repr(AppError("one")))
