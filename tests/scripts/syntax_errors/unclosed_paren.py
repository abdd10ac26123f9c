print("never")
values = (1, 2,
          3, 4
total = 10
