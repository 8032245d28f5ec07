-module(timers_send).
-export([test/0]).
%% Timers: send_after, start_timer, cancel_timer.
test() ->
    erlang:send_after(30, self(), b), erlang:send_after(10, self(), a),
    T = erlang:start_timer(20, self(), tm),
    R1 = [receive X -> norm(X, T) end || _ <- [1, 2, 3]],
    T2 = erlang:send_after(1000, self(), never), C = erlang:cancel_timer(T2),
    R2 = receive never -> got after 20 -> nothing end,
    R3 = erlang:cancel_timer(T2),
    [R1, is_integer(C), R2, R3].
norm({timeout, T, M}, T) -> {timeout, M};
norm(X, _) -> X.
