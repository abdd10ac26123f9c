import math
def dist(p, q):
    return math.sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2)
pts = [(0, 0), (3, 4), (6, 8), (-1, 2.5)]
for p in pts:
    print(p, dist((0, 0), p), round(math.degrees(math.atan2(p[1], p[0])), 6))
area = 0.0
poly = [(0, 0), (4, 0), (4, 3), (0, 3)]
for i in range(len(poly)):
    x1, y1 = poly[i]
    x2, y2 = poly[(i + 1) % len(poly)]
    area += x1 * y2 - x2 * y1
print(abs(area) / 2)
r = 2.5
print(math.pi * r ** 2, 2 * math.pi * r, round(4 / 3 * math.pi * r ** 3, 6))
angles = [0, 30, 45, 60, 90, 180, 270]
print([round(math.sin(math.radians(a)), 10) for a in angles])
print([round(math.cos(math.radians(a)), 10) for a in angles])
