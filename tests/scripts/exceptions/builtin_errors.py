nothing = None
tests = [
    lambda: 1 / 0,
    lambda: 1 // 0,
    lambda: 1 % 0,
    lambda: 1.0 / 0,
    lambda: [1, 2][5],
    lambda: (1,)[-2],
    lambda: "abc"[3],
    lambda: {"a": 1}["b"],
    lambda: int("12x"),
    lambda: float("abc"),
    lambda: undefined_name,
    lambda: None.attr,
    lambda: (1).nope,
    lambda: "a" + 1,
    lambda: 1 + "a",
    lambda: [] + (),
    lambda: len(5),
    lambda: nothing(),
    lambda: "abc".index("z"),
    lambda: [1].index(2),
    lambda: [].pop(),
    lambda: {}.pop("k"),
    lambda: set().pop(),
    lambda: int("5", 1),
    lambda: chr(-1),
    lambda: "x" * "y",
    lambda: [1, 2] < "a",
    lambda: -1 ** 0.5 + abs("s"),
    lambda: iter(5),
    lambda: next(iter([])),
    lambda: "a".join([1]),
    lambda: 2 ** -1 % 0,
    lambda: divmod(1, 0),
    lambda: ord("ab"),
    lambda: list(1),
    lambda: {}[[]],
    lambda: 10 ** 400 * 1.0,
]
for t in tests:
    try:
        t()
        print("no error")
    except Exception as e:
        print(type(e).__name__ + ":", e)
