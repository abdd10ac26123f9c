class Temp:
    unit = "C"
    count = 0
    def __init__(self, deg):
        self.deg = deg
        Temp.count += 1
    @classmethod
    def from_f(cls, f):
        return cls((f - 32) * 5 / 9)
    @staticmethod
    def c_to_f(c):
        return c * 9 / 5 + 32
    @classmethod
    def describe(cls):
        return f"{cls.__name__} in {cls.unit}"
class Kelvin(Temp):
    unit = "K"
t = Temp.from_f(212)
print(t.deg, type(t).__name__)
k = Kelvin.from_f(32)
print(k.deg, type(k).__name__)
print(Temp.c_to_f(100), t.c_to_f(0))
print(Temp.describe(), Kelvin.describe(), k.describe())
print(Temp.count)
sm = staticmethod(len)
class UsesRaw:
    size = sm
    made = classmethod(lambda cls: cls.__name__)
print(UsesRaw.size([1, 2]), UsesRaw.made(), UsesRaw().made())
