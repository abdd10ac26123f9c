# A small class-heavy simulation: inheritance, super(), dunder methods, polymorphism.
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __eq__(self, o):
        return self.x == o.x and self.y == o.y
class Entity:
    def __init__(self, pos, vel):
        self.pos = pos
        self.vel = vel
        self.alive = True
    def step(self, world):
        self.pos = self.pos + self.vel
        if abs(self.pos.x) > world.size or abs(self.pos.y) > world.size:
            self.vel = self.vel * -1
class Predator(Entity):
    def step(self, world):
        super().step(world)
        for e in world.near(self):
            if isinstance(e, Prey) and e.alive:
                e.alive = False
                world.eaten += 1
class Prey(Entity):
    pass
class World:
    def __init__(self, size):
        self.size = size
        self.entities = []
        self.eaten = 0
    def near(self, me):
        out = []
        for e in self.entities:
            if e is not me and abs(e.pos.x - me.pos.x) < 2 and abs(e.pos.y - me.pos.y) < 2:
                out.append(e)
        return out
    def tick(self):
        for e in self.entities:
            if e.alive:
                e.step(self)
        self.entities = [e for e in self.entities if e.alive]
def run():
    w = World(50)
    seed = 12345
    for i in range(200):
        seed = (seed * 1103515245 + 12345) % 2147483648
        x = seed % 100 - 50
        seed = (seed * 1103515245 + 12345) % 2147483648
        y = seed % 100 - 50
        vel = Vec(i % 3 - 1, i % 5 - 2)
        w.entities.append(Predator(Vec(x, y), vel) if i % 10 == 0 else Prey(Vec(x, y), vel))
    for _ in range(1500):
        w.tick()
    return len(w.entities), w.eaten
print(run())
