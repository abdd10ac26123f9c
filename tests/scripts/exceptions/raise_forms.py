try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args, str(e) == "")
try:
    raise ValueError("msg", 42)
except ValueError as e:
    print(repr(e), e.args, str(e))
def reraise():
    try:
        raise KeyError("orig")
    except KeyError:
        print("handling, then re-raise")
        raise
try:
    reraise()
except KeyError as e:
    print("re-raised", repr(e))
try:
    raise TypeError("t") from ValueError("v")
except TypeError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise RuntimeError("during")
except RuntimeError as e:
    print(repr(e), repr(e.__context__), e.__cause__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise RuntimeError("hidden") from None
except RuntimeError as e:
    print(e.__cause__, e.__suppress_context__, repr(e.__context__))
try:
    raise 42
except TypeError as e:
    print("TypeError:", e)
e = None
try:
    raise IndexError("x")
except IndexError as e:
    pass
try:
    print(e)
except NameError as err:
    print("NameError:", err)
