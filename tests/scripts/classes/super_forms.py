class A:
    def hello(self):
        return "A.hello"
    @classmethod
    def make(cls):
        return "A.make for " + cls.__name__
class B(A):
    def hello(self):
        return "B>" + super().hello()
    @classmethod
    def make(cls):
        return "B>" + super().make()
class C(B):
    def hello(self):
        return "C>" + super(B, self).hello()
    def explicit(self):
        return super(C, self).hello()
print(B().hello(), C().hello(), C().explicit())
print(B.make(), C.make())
class Base:
    def __init__(self, *args):
        self.args = args
class Derived(Base):
    def __init__(self, a, b):
        super().__init__(a, b, "extra")
print(Derived(1, 2).args)
