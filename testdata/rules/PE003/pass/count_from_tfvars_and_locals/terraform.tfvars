max_receive_count = 3
