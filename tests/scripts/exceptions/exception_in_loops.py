results = []
for v in ["1", "x", "3", "", "5"]:
    try:
        results.append(int(v))
    except ValueError as e:
        results.append(str(e))
        continue
    finally:
        results.append("|")
print(results)
def gen_errors():
    errs = []
    for exc in (ValueError, TypeError, KeyError, IndexError):
        try:
            raise exc("made")
        except Exception as e:
            errs.append(type(e).__name__)
    return errs
print(gen_errors())
d = {"a": 1}
for key in ["a", "b"]:
    try:
        print(d[key])
    except KeyError as e:
        print("missing", e, repr(e))
