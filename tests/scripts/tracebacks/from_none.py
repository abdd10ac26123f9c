# full-stderr
def get(d, k):
    try:
        d.pop(k)
    except KeyError:
        raise LookupError("no such key: " + k) from None
get({}, "x")
