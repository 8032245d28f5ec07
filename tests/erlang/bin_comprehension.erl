-module(bin_comprehension).
-export([test/0]).
%% Binary comprehensions.
test() ->
    [<< <<(X * 2)>> || <<X>> <= <<1, 2, 3>> >>, [X || <<X:4>> <= <<16#AB, 16#CD>>],
     << <<X:3>> || X <- [1, 2, 3, 4, 5] >>, [{X, Y} || <<X, Y>> <= <<"abcdef">>],
     << <<C>> || <<C>> <= <<"Hello World">>, C =/= $o >>, [X || <<X:8>> <= <<1, 2, 3, 4:4>>],
     << <<(B + 1):8>> || B <- lists:seq(0, 20), B rem 3 =:= 0 >>,
     [binary_to_list(W) || <<W:2/binary>> <= <<"aabbccd">>]].
