-module(timers).
-export([test/0]).
%% erlang:send_after, start_timer, cancel_timer and receive timeouts.
test() ->
    R1 = erlang:send_after(30, self(), late),
    erlang:send_after(10, self(), early),
    M1 = receive X -> X end,
    M2 = receive Y -> Y end,
    T = erlang:start_timer(10, self(), tick),
    M3 = receive {timeout, T, tick} -> got_tick after 1000 -> none end,
    C = erlang:send_after(10000, self(), never),
    Left = erlang:cancel_timer(C),
    M4 = receive never -> bad after 20 -> cancelled end,
    Start = erlang:monotonic_time(millisecond),
    receive after 50 -> ok end,
    Elapsed = erlang:monotonic_time(millisecond) - Start,
    [is_reference(R1), M1, M2, M3, is_integer(Left) andalso Left > 9000, M4, Elapsed >= 50,
     erlang:cancel_timer(C), erlang:read_timer(C)].
