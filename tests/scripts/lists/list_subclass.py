class Stack(list):
    def push(self, x):
        self.append(x)
    def peek(self):
        return self[-1]
    def __repr__(self):
        return "Stack(" + list.__repr__(self) + ")"
s = Stack()
s.push(1); s.push(2); s.push(3)
print(s, len(s), s.peek(), s.pop(), s)
print(isinstance(s, list), type(s).__name__, s + [9], type(s + [9]).__name__)
print(sorted(s, reverse=True), 2 in s, list(s))
class Counting(list):
    def __init__(self, items):
        super().__init__(items)
        self.appends = 0
    def append(self, x):
        self.appends += 1
        super().append(x)
c = Counting([5, 6])
c.append(7); c.append(8)
print(c, c.appends, len(c), c[0], c[-1], c[1:3])
class Default(list):
    def __getitem__(self, i):
        if isinstance(i, int) and i >= len(self):
            return None
        return super().__getitem__(i)
d = Default([1, 2])
print(d[0], d[5], d[0:1])
