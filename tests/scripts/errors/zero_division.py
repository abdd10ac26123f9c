def average(values):
    total = 0
    for v in values:
        total += v
    print("total", total, "count", len(values))
    return total / len(values)
print(average([1, 2, 3]))
print(average([]))
