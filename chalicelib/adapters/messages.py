"""Messages to people: e-mail through SES and SMS through SNS, both in the configured region
(ap-southeast-3) or the Indonesian cloud's compatible endpoints; locally, moto records them."""

from __future__ import annotations

from chalicelib.adapters.aws import client


class Messenger:
    def __init__(self, sender: str) -> None:
        self.sender = sender

    def send(self, channel: str, to: str, subject: str, text: str) -> None:
        if channel == "email":
            client("ses").send_email(
                Source=self.sender, Destination={"ToAddresses": [to]},
                Message={"Subject": {"Data": subject, "Charset": "UTF-8"},
                         "Body": {"Text": {"Data": text, "Charset": "UTF-8"}}},
            )
        elif channel == "sms":
            client("sns").publish(PhoneNumber=to, Message=text,
                                  MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String",
                                                                             "StringValue": "Transactional"}})
        else:
            raise ValueError(f"unknown channel {channel!r}")
