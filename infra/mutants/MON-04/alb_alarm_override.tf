# MUTANT MON-04: the 5xx alarm's LoadBalancer dimension is computed with a wrong split of the ARN:
# "<name>/<id>" instead of "app/<name>/<id>", so the alarm watches a load balancer that does not exist.
resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  dimensions = {
    LoadBalancer = join("/", slice(split("/", aws_lb.this.arn), 2, 4))
  }
}
