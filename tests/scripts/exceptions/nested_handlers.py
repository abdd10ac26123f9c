def level3():
    raise KeyError("deep")
def level2():
    try:
        level3()
    except ValueError:
        print("wrong handler")
def level1():
    try:
        level2()
    except KeyError as e:
        print("level1 caught", e)
        return "recovered"
    finally:
        print("level1 finally")
print(level1())
def handler_raises():
    try:
        raise ValueError("first")
    except ValueError:
        try:
            raise TypeError("second")
        except TypeError as inner:
            print("inner", inner, "context:", repr(inner.__context__))
        print("still in outer handler")
handler_raises()
count = 0
while True:
    try:
        count += 1
        if count < 3:
            raise RuntimeError(count)
        break
    except RuntimeError as e:
        print("retry after", e)
print("count", count)
