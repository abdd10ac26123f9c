# Container-heavy code: list append/index/sort, dict insert/lookup/update, comprehensions.
def run():
    data = []
    for i in range(400000):
        data.append((i * 7919) % 100003)
    data.sort()
    index = {}
    for i, v in enumerate(data):
        index[v] = index.get(v, 0) + i
    evens = [v for v in data if v % 2 == 0]
    squares = {v: v * v for v in evens[:50000]}
    total = 0
    for k in squares:
        total += squares[k] % 1000
    buckets = {}
    for v in data:
        key = v % 97
        if key in buckets:
            buckets[key].append(v)
        else:
            buckets[key] = [v]
    return len(index), len(evens), total, sum([len(b) for b in buckets.values()]), data[12345]
print(run())
