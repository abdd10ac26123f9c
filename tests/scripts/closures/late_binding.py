def outer():
    def show():
        return value
    value = "set after def"
    r1 = show()
    value = "changed"
    return r1, show()
print(outer())
def make_pair():
    data = []
    def push(x):
        data.append(x)
    def peek():
        return list(data)
    return push, peek
push, peek = make_pair()
push(1); push(2)
print(peek())
def cell_shared():
    fns = []
    x = 0
    for _ in range(3):
        x += 1
        fns.append(lambda: x)
    return [f() for f in fns]
print(cell_shared())
def deep():
    a = 1
    def l1():
        b = 2
        def l2():
            c = 3
            def l3():
                return a + b + c
            return l3
        return l2
    return l1()()()
print(deep())
