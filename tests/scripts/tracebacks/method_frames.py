# full-stderr
class Stack:
    def __init__(self):
        self.items = []
    def pop(self):
        if not self.items:
            raise IndexError("pop from empty Stack")
        return self.items.pop()
    def drain(self):
        self.pop()
s = Stack()
s.drain()
