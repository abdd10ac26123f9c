def none_implicit():
    x = 1
def none_explicit():
    return
def multi():
    return 1, "two", [3]
def early(n):
    if n > 0:
        return "positive"
    print("fell through")
print(none_implicit(), none_explicit())
print(multi())
a, b, c = multi()
print(a, b, c)
print(early(1))
print(early(-1))
def recursive(n):
    return n if n < 2 else recursive(n - 1) + recursive(n - 2)
print([recursive(i) for i in range(15)])
def fact(n):
    return 1 if n == 0 else n * fact(n - 1)
print(fact(25))
