-module(date_calendar).
-export([test/0]).
%% Date/time BIFs (shape only) and the calendar module.
test() ->
    {D, T} = erlang:universaltime(),
    {Y, _, _} = erlang:date(),
    [calendar:valid_date(D), element(1, T) < 24, Y >= 2024, tuple_size(erlang:time()), is_tuple(erlang:localtime()),
     calendar:gregorian_seconds_to_datetime(63000000000), calendar:iso_week_number({2024, 12, 30}),
     calendar:time_difference({{2024, 1, 1}, {0, 0, 0}}, {{2024, 3, 1}, {12, 0, 0}}), calendar:day_of_the_week({2000, 2, 29}),
     calendar:rfc3339_to_system_time("2024-02-29T12:00:00Z"), calendar:system_time_to_rfc3339(0, [{offset, "Z"}])].
