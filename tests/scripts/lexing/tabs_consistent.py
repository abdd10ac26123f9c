# A file indented only with tabs is fine
def g(n):
	total = 0
	for i in range(n):
		if i % 2:
			total += i
		else:
			total -= 1
	return total

print(g(10))
print(g(0))
class K:
	def m(self):
		return "tabbed method"
print(K().m())
