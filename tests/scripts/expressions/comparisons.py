print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 1 == 1.0, 1 != 1)
x = 5
print(1 < x < 10, 1 < x > 3, 1 < x < 3, 10 > x >= 5 > 4)
print(1 == 1 == 1.0, 1 == 1 != 2, 1 < 2 < 3 < 4 < 5 < 4)
calls = []
def v(n):
    calls.append(n)
    return n
print(v(1) < v(0) < v(2))
print(calls)
calls.clear()
print(v(1) < v(2) < v(3))
print(calls)
print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "ab" < "abc")
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, "a") < (1, "b"), [] == [])
print(None == None, None == 0, 0 == False, 1 == True, 2 == True)
print(1.5 > 1, 2 ** 64 > 1e19, 2 ** 64 == 2.0 ** 64)
print(float("nan") < 1, float("nan") > 1, float("inf") > 10 ** 400)
