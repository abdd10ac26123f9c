def minmax(seq):
    return min(seq), max(seq)
lo, hi = minmax([4, 8, 1, 9])
print(lo, hi, minmax("hello"))
def stats(*nums):
    n = len(nums)
    mean = sum(nums) / n
    return n, mean, (min(nums), max(nums))
count, mean, (low, high) = stats(2, 4, 6, 8)
print(count, mean, low, high)
pairs = [(1, "one"), (2, "two")]
nums, names = zip(*pairs)
print(nums, names)
print(divmod(100, 7), tuple(reversed((1, 2, 3))), tuple(sorted({3: 0, 1: 0})))
points = [(3, 4), (1, 1), (0, 5)]
print(sorted(points), sorted(points, key=lambda p: p[0] ** 2 + p[1] ** 2))
print(tuple([(i, i * i) for i in range(3)]))
