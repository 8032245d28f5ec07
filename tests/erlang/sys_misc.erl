-module(sys_misc).
-export([test/0]).
%% System time BIFs (properties) and calendar.
test() ->
    [is_integer(erlang:system_time()), is_integer(erlang:monotonic_time(millisecond)), is_tuple(os:timestamp()),
     erlang:convert_time_unit(1, second, millisecond), erlang:convert_time_unit(1500, millisecond, second), node(), is_atom(node()),
     erlang:is_alive(), is_list(atom_to_list(node())), element(1, erlang:timestamp()) > 0, is_integer(erlang:unique_integer([positive])),
     erlang:unique_integer([positive, monotonic]) < erlang:unique_integer([positive, monotonic]), is_tuple(erlang:time()),
     length(tuple_to_list(erlang:date())), calendar:gregorian_days_to_date(738000), calendar:date_to_gregorian_days(2024, 2, 29),
     calendar:is_leap_year(2000), calendar:day_of_the_week(2024, 1, 1), calendar:seconds_to_daystime(100000),
     calendar:datetime_to_gregorian_seconds({{2000, 1, 1}, {0, 0, 0}}), calendar:last_day_of_the_month(2023, 2)].
