-module(msg_big).
-export([test/0]).
%% Sending large and varied terms between processes.
test() ->
    Self = self(),
    Big = {lists:seq(1, 5000), list_to_binary(lists:duplicate(5000, $x)), maps:from_list([{I, I} || I <- lists:seq(1, 30)]),
           <<1:3>>, [1.5, 1 bsl 100, "str"]},
    P = spawn(fun() -> receive {From, T} -> From ! {echo, T} end end),
    P ! {Self, Big},
    receive {echo, B2} -> [B2 =:= Big, erlang:phash2(1) >= 0, element(3, B2), element(4, B2), element(5, B2)] end.
