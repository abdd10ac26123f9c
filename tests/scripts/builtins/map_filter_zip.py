m = map(lambda x: x * 2, [1, 2, 3])
print(type(m).__name__, list(m), list(m))
print(list(map(pow, [2, 3, 4], [3, 2, 1])), list(map(str.upper, ["a", "b"])))
print(list(map(len, ["", "ab", "abc"])), list(map(int, "123")))
print(list(filter(str.isdigit, "a1b2c3")), list(filter(lambda v: v > 1, (0, 1, 2, 3))))
print(list(zip("abc", [1, 2, 3], (True, False, None))), list(zip([1, 2, 3], "ab")))
print(dict(zip(["a", "b"], [1, 2])), list(zip(*[(1, 2), (3, 4), (5, 6)])))
print(list(enumerate("ab", 1)), list(reversed([1, 2, 3])), list(reversed("xyz")), list(reversed(range(4))))
print(sorted(map(abs, [-3, 1, -2])), sum(map(len, ["aa", "b"])), max(map(len, ["x", "yyy", "zz"])))
class Rev:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return "abc"[i]
print(list(reversed(Rev())))
def loud(x):
    print("mapping", x)
    return x
lazy = map(loud, [1, 2])
print("map created")
print(list(lazy))
