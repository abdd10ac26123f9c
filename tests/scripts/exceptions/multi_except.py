def risky(kind):
    if kind == "key":
        return {}["missing"]
    if kind == "index":
        return [][0]
    if kind == "type":
        return 1 + "a"
    if kind == "value":
        return int("abc")
    if kind == "zero":
        return 1 / 0
    return "fine"
for kind in ["key", "index", "type", "value", "zero", "none"]:
    try:
        print(risky(kind))
    except (KeyError, IndexError) as e:
        print("lookup:", type(e).__name__, e)
    except TypeError as e:
        print("type:", e)
    except (ValueError, ZeroDivisionError) as err:
        print("value/zero:", type(err).__name__, err)
try:
    {}["x"]
except LookupError as e:
    print("LookupError catches", type(e).__name__, repr(e))
try:
    raise ZeroDivisionError("z")
except ArithmeticError as e:
    print("ArithmeticError catches", repr(e))
try:
    [].pop()
except Exception as e:
    print(type(e).__name__, e)
