module receiverbench

go 1.19
