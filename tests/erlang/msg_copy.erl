-module(msg_copy).
-export([test/0]).
%% Terms of every shape survive being copied between processes: sent as
%% messages, passed as spawn arguments, captured in funs, and echoed back.
shapes() ->
    Big = lists:seq(1, 2000),
    Bin = list_to_binary(lists:duplicate(300, $z)),
    [{Big, x}, {{Big, Bin}, [Big | Big]}, #{k => Big, Big => v}, {1.5, -(1 bsl 100), "str"},
     [Bin, <<1:3>>, binary_part(Bin, 10, 5)], fun(X) -> {X, Big} end, {{{{{{deep}}}}}},
     lists:duplicate(50, {a, [b, {c, <<"d">>}]}), make_ref(), self(), [], {}, #{}].
echo() -> receive {From, T} -> From ! {echo, T}, echo(); stop -> ok end.
test() ->
    Ss = shapes(),
    E = spawn(fun echo/0),
    Back = [begin E ! {self(), S}, receive {echo, R} -> R end end || S <- Ss],
    E ! stop,
    Self = self(),
    Via = [begin spawn(fun() -> Self ! {via, S} end), receive {via, R} -> R end end || S <- Ss],
    F = lists:nth(6, Ss),
    {Fx, _} = F(1),
    [Back =:= Ss, Via =:= Ss, Fx, [is_function(X) || X <- Back],
     [if is_reference(X); is_pid(X); is_function(X) -> skip; true -> X end
      || X <- lists:sublist(Back, 5)]].
