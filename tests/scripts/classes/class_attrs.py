class Config:
    debug = False
    items = []
    def add(self, x):
        self.items.append(x)
a = Config()
b = Config()
a.add(1)
b.add(2)
print(Config.items, a.items is b.items)
a.debug = True
print(a.debug, b.debug, Config.debug)
del a.debug
print(a.debug)
print(getattr(Config, "debug"), hasattr(Config, "nope"))
setattr(Config, "added", "later")
print(a.added, b.added)
class Counter:
    instances = 0
    def __init__(self):
        type(self).instances += 1
class Sub(Counter):
    pass
Counter(); Counter(); Sub()
print(Counter.instances, Sub.instances)
print(sorted([k for k in Config.__dict__ if not k.startswith("__")]))
