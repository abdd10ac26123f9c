d = {"b": 2, "a": 1, "c": 3}
for k in d:
    print(k, d[k])
print([k for k in d], [v * 10 for v in d.values()], [f"{k}={v}" for k, v in d.items()])
print(list(zip(d, d.values())), dict(enumerate("xyz")))
print(sorted(d.items(), key=lambda kv: kv[1]), min(d), max(d.values()), sum(d.values()))
squares = {n: n * n for n in range(6) if n % 2}
print(squares, list(squares), 3 in squares, 9 in squares)
print({**d, "d": 4}, dict(d, e=5))
keys = list(d)
for k in keys:
    if d[k] % 2:
        del d[k]
print(d)
print(dict(sorted({"z": 0, "m": 1, "a": 2}.items())))
