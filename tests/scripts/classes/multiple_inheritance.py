class Flyer:
    def move(self):
        return "fly"
    def describe(self):
        return "can " + self.move()
class Swimmer:
    def move(self):
        return "swim"
    def dive(self):
        return "dive"
class Duck(Flyer, Swimmer):
    pass
class Penguin(Swimmer, Flyer):
    pass
d, p = Duck(), Penguin()
print(d.move(), d.dive(), d.describe())
print(p.move(), p.dive(), p.describe())
class Init1:
    def __init__(self):
        print("Init1")
        super().__init__()
class Init2:
    def __init__(self):
        print("Init2")
        super().__init__()
class Both(Init1, Init2):
    def __init__(self):
        print("Both")
        super().__init__()
Both()
print([c.__name__ for c in Both.__mro__])
print(isinstance(Both(), Init2))
