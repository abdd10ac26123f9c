class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} says {self.sound}"
    def kind(self):
        return "animal"
class Dog(Animal):
    sound = "woof"
class Puppy(Dog):
    def speak(self):
        return super().speak() + " (tiny)"
    def kind(self):
        return "puppy, a " + super().kind()
for a in [Animal("generic"), Dog("rex"), Puppy("bit")]:
    print(a.speak(), "|", a.kind())
print(issubclass(Puppy, Animal), issubclass(Animal, Dog), issubclass(Dog, Dog))
print(isinstance(Puppy("x"), Dog), isinstance(Dog("y"), Puppy))
print([c.__name__ for c in Puppy.__mro__])
print(Puppy.__bases__[0].__name__, Animal.__bases__[0].__name__)
class Base:
    def __init__(self):
        self.base_init = True
class Child(Base):
    def __init__(self, v):
        super().__init__()
        self.v = v
c = Child(5)
print(c.base_init, c.v)
class NoInit(Base):
    pass
print(NoInit().base_init)
